export function NotFound() {
  return (
    <section class="page narrow">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <a href="/">Go to Create</a>.
      </p>
    </section>
  );
}
