import { Route, Routes } from 'react-router';
import { EscalationDetailView } from './EscalationDetail';
import { EscalationList } from './EscalationList';
import { OpenEscalation } from './OpenEscalation';

/** 办不成事 反映窗口: the list, the form that opens one, and one record with its actions. */
export function EscalationPage() {
  return (
    <Routes>
      <Route index element={<EscalationList />} />
      <Route path="new" element={<OpenEscalation />} />
      <Route path=":id" element={<EscalationDetailView />} />
    </Routes>
  );
}
