export default function Account() {
  return (
    <section class="page">
      <h1>Account</h1>
    </section>
  );
}
