import { StagePlaceholder } from '../common/StagePlaceholder';

export function SupervisionPage() {
  return <StagePlaceholder stage="supervision" />;
}
