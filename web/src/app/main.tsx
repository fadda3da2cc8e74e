import { Fragment, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { locale, onLocaleChange } from '../i18n/index.ts';
import { App } from './App.tsx';
import { OfflineNotice } from './OfflineNotice.tsx';
import './styles.css';

/** The whole app is drawn again in the new language when it changes (every text is read through t()). */
function Root() {
  const [language, setLanguage] = useState(locale());
  useEffect(() => onLocaleChange(() => setLanguage(locale())), []);
  return (
    <Fragment key={language}>
      <OfflineNotice />
      <App />
    </Fragment>
  );
}

createRoot(document.getElementById('root')!).render(<Root />);

// The installed app keeps its shell for offline use (web/pwa/sw.js); the API is never cached.
if ('serviceWorker' in navigator && import.meta.env.PROD) void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
