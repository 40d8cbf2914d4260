export default function Privacy() {
  return (
    <section class="page">
      <h1>Privacy</h1>
    </section>
  );
}
