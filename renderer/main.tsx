import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/charts/styles.css';
import './display.css';
import { Notifications } from '@mantine/notifications';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { DisplayProvider } from './display';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DisplayProvider>
      <Notifications position="top-right" />
      <App />
    </DisplayProvider>
  </StrictMode>,
);
