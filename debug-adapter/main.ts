// Entry of dist/debugAdapter.js: the dIPC debug adapter speaking DAP over stdin/stdout
// (tooling.md §1). The extension can instead run DipcDebugSession inline.
import { DipcDebugSession } from './session';

DipcDebugSession.run(DipcDebugSession);
