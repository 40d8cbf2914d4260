export default function LegalPrivacy() {
  return (
    <section class="page">
      <h1>LegalPrivacy</h1>
    </section>
  );
}
