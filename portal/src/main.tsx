import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n.ts';
import './styles.css';
import { App } from './App.tsx';
import { SessionProvider } from './session.tsx';

document.documentElement.lang = localStorage.getItem('gerbang.language') === 'en' ? 'en' : 'id';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider>
      <App />
    </SessionProvider>
  </StrictMode>,
);
