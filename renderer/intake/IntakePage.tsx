import { StagePlaceholder } from '../common/StagePlaceholder';

export function IntakePage() {
  return <StagePlaceholder stage="intake" />;
}
