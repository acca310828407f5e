import { StagePlaceholder } from '../common/StagePlaceholder';

export function DeliveryPage() {
  return <StagePlaceholder stage="delivery" />;
}
