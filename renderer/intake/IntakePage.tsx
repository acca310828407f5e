import { Route, Routes } from 'react-router';
import { CaseScreen } from './CaseScreen';
import { IntakeHome } from './IntakeHome';

export function IntakePage() {
  return (
    <Routes>
      <Route index element={<IntakeHome />} />
      <Route path="case/:id" element={<CaseScreen />} />
    </Routes>
  );
}
