/**
 * The renderer's entry: picks the transport (the preload's IPC bridge in the desktop app, else a
 * WebSocket to `arrayscope serve`), asks the engine who it is (`hello`) and renders the app. When
 * even `hello` fails, the page says why instead of showing an empty window.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DataClient, type Transport } from '../../shared/client.js';
import { App, type Connection } from './app/App.js';
import { ErrorText } from './app/ErrorBanner.js';
import { createIpcTransport, desktopShell, ipcBridge } from './transport/ipc.js';
import { createWebSocketTransport } from './transport/ws.js';
import type { ErrorData } from '../../shared/errors.js';
import './styles/theme.css';
import './styles/controls.css';
import './styles/app.css';
import './styles/frame.css';
import './styles/dialogs.css';
import './styles/forms.css';

function connect(): { transport: Transport; connection: Connection | null } {
  const bridge = ipcBridge();
  if (bridge) return { transport: createIpcTransport(bridge), connection: null };
  const socket = createWebSocketTransport();
  return { transport: socket, connection: socket };
}

function StartupError({ label, error }: { label: string; error: ErrorData }) {
  return (
    <div className="welcome">
      <div className="welcome-card" role="alert">
        <h1>Arrayscope could not start</h1>
        <p>The engine at {label} did not answer:</p>
        <p className="note note-error">
          <ErrorText error={error} />
        </p>
        <p className="hint">In serve mode, check that the server is still running and reload the page using the URL it printed.</p>
      </div>
    </div>
  );
}

async function start(container: HTMLElement): Promise<void> {
  const root = createRoot(container);
  const { transport, connection } = connect();
  const client = new DataClient(transport);
  const hello = await client.call('hello', {});
  root.render(
    <StrictMode>
      {hello.ok ? (
        <App client={client} hello={hello.value} shell={desktopShell()} connection={connection} />
      ) : (
        <StartupError label={transport.label} error={hello.error} />
      )}
    </StrictMode>,
  );
}

const container = document.getElementById('root');
if (container) void start(container);
