import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initialLanguage } from './i18n.ts';
import '../styles.css';
import './resident.css';
import { ResidentApp } from './ResidentApp.tsx';

// The resident portal's own entry (warga.html, served for /warga and /warga/*): no officer code loads here.
document.documentElement.lang = initialLanguage();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ResidentApp />
  </StrictMode>,
);
