import { SimpleGrid } from '@mantine/core';
import { useState } from 'react';
import { AppointmentList } from './AppointmentList';
import { QueuePanel } from './QueuePanel';
import { StartDialog, type StartRequest } from './StartDialog';

/** The intake home's 叫号 and 今日预约 panels, sharing one 开始收件 dialog. */
export function HallPanel() {
  const [request, setRequest] = useState<StartRequest | null>(null);
  return (
    <>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <QueuePanel onStart={setRequest} />
        <AppointmentList onStart={setRequest} />
      </SimpleGrid>
      <StartDialog request={request} onClose={() => setRequest(null)} />
    </>
  );
}
