import { ApiKeys } from "../components/ApiKeys";
import { WebhookEndpoints } from "../components/WebhookEndpoints";

export default function Developers() {
  return (
    <section class="page stack">
      <h1>Developers</h1>
      <ApiKeys />
      <WebhookEndpoints />
    </section>
  );
}
