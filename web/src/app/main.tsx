import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { OfflineNotice } from './OfflineNotice.tsx';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <>
    <OfflineNotice />
    <App />
  </>,
);

// The installed app keeps its shell for offline use (web/pwa/sw.js); the API is never cached.
if ('serviceWorker' in navigator && import.meta.env.PROD) void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
