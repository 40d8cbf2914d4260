export default function Billing() {
  return (
    <section class="page">
      <h1>Billing</h1>
    </section>
  );
}
