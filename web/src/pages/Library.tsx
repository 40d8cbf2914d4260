export default function Library() {
  return (
    <section class="page">
      <h1>Library</h1>
    </section>
  );
}
