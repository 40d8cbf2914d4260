export default function LibraryItem() {
  return (
    <section class="page">
      <h1>LibraryItem</h1>
    </section>
  );
}
