export default function Create() {
  return (
    <section class="page">
      <h1>Create</h1>
    </section>
  );
}
