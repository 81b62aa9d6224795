// The HTML shell of every dIPC webview: a strict Content-Security-Policy (nothing loads from the
// network; the only style and script allowed are the ones carrying this page's nonce) and the
// VS Code theme colours. Charts and maps are inline SVG/HTML generated in TypeScript, so no
// renderer library or CDN is involved.

import { randomBytes } from 'node:crypto';

export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface WebviewDocument {
  title: string;
  /** `webview.cspSource`, allowed for images and fonts of the extension itself. */
  cspSource: string;
  nonce: string;
  /** Page-specific CSS, appended to the base style. */
  style?: string;
  body: string;
  /** Optional page script (runs with the nonce). */
  script?: string;
}

const BASE_STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground);
       background: var(--vscode-editor-background); padding: 0 16px 16px; }
h1 { font-size: 1.3em; font-weight: 600; }
h2 { font-size: 1.1em; font-weight: 600; margin-top: 1.6em; }
.note { color: var(--vscode-descriptionForeground); }
svg text { fill: var(--vscode-foreground); font-family: var(--vscode-font-family); }
svg .axis { stroke: var(--vscode-editorWidget-border, #888); }
`;

export function renderWebviewDocument(doc: WebviewDocument): string {
  const csp = [
    "default-src 'none'",
    `img-src ${doc.cspSource} data:`,
    `font-src ${doc.cspSource}`,
    `style-src 'nonce-${doc.nonce}'`,
    `script-src 'nonce-${doc.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(doc.title)}</title>
<style nonce="${doc.nonce}">${BASE_STYLE}${doc.style ?? ''}</style>
</head>
<body>
${doc.body}
${doc.script ? `<script nonce="${doc.nonce}">${doc.script}</script>` : ''}
</body>
</html>`;
}
