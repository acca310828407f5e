import { StagePlaceholder } from '../common/StagePlaceholder';

export function RoutingPage() {
  return <StagePlaceholder stage="routing" />;
}
