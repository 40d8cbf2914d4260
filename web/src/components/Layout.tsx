import { useEffect } from "preact/hooks";
import { useLocation } from "preact-iso";
import { useSession } from "../session";
import { LiveIndicator } from "./LiveIndicator";

const SIGNED_IN_LINKS = [
  ["/", "Create"],
  ["/library", "Library"],
  ["/workflows", "Workflows"],
  ["/billing", "Billing"],
  ["/account", "Account"],
  ["/privacy", "Privacy"],
  ["/developers", "Developers"],
] as const;

function Nav() {
  const { user } = useSession();
  const { path } = useLocation();
  const current = (href: string) =>
    href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`);
  if (!user) {
    return (
      <nav aria-label="Main">
        <a href="/login" aria-current={path === "/login" ? "page" : undefined}>
          Log in
        </a>
        <a class="button primary" href="/signup">
          Sign up
        </a>
      </nav>
    );
  }
  return (
    <nav aria-label="Main">
      {SIGNED_IN_LINKS.map(([href, label]) => (
        <a key={href} href={href} aria-current={current(href) ? "page" : undefined}>
          {label}
        </a>
      ))}
      <LiveIndicator />
      <a class="credits-pill" href="/billing" aria-label={`Balance: ${user.credits.available}`}>
        {user.credits.available}
      </a>
    </nav>
  );
}

/** The person's theme setting ("system" follows prefers-color-scheme). */
function useTheme(theme: string | null | undefined) {
  useEffect(() => {
    const root = document.documentElement;
    if (theme === "light" || theme === "dark") root.dataset.theme = theme;
    else delete root.dataset.theme;
  }, [theme]);
}

export function Layout({ children }: { children: preact.ComponentChildren }) {
  const { user } = useSession();
  useTheme(user?.settings.theme);
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href={user ? "/" : "/login"}>
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>GPT Image 2</span>
        </a>
        <Nav />
      </header>
      {user && !user.email_verified && (
        <div class="banner-verify" role="status">
          Your email is not verified yet. <a href="/verify">Enter your code</a> to start creating.
        </div>
      )}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer class="footer">
        <a href="/legal/privacy">Privacy Policy</a>
        <span>GPT Image 2</span>
      </footer>
    </>
  );
}
