// Entry point of the dIPC language server, bundled to dist/server.js and started as
// `node dist/server.js --stdio` (tooling.md §1). The connection's transport comes from the command
// line (`--stdio`, `--node-ipc`, `--socket=N`), as vscode-languageclient passes it.
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { analyze } from '../simulator/toolchain/language/index';
import { BackgroundBuilder, isBuildWorker, serveBuilds } from './background-build';
import { startServer } from './server';

if (isBuildWorker) {
  serveBuilds();
} else {
  const connection = createConnection(ProposedFeatures.all);

  // A bug in one request must not take the editor's language support down with it.
  process.on('uncaughtException', (error) => {
    connection.console.error(`dipc language server: uncaught: ${error.stack ?? error.message}`);
  });

  const builder = new BackgroundBuilder(__filename);
  startServer(connection, analyze, builder);
}
