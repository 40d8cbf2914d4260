import { render } from "preact";
import { useEffect } from "preact/hooks";
import { lazy, LocationProvider, Route, Router, useLocation } from "preact-iso";
import { CookieBanner } from "./components/CookieBanner";
import { Layout } from "./components/Layout";
import { PolicyDialog } from "./components/PolicyDialog";
import { ConsentProvider, track } from "./consent";
import { Forgot, Login, Reset, Signup, Verify } from "./pages/auth";
import { NotFound } from "./pages/NotFound";
import { SessionProvider, useSession } from "./session";
import "./styles.css";

// The signed-in pages load on demand: the first page stays small.
const Create = lazy(() => import("./pages/Create"));
const Library = lazy(() => import("./pages/Library"));
const LibraryItem = lazy(() => import("./pages/LibraryItem"));
const Workflows = lazy(() => import("./pages/Workflows"));
const WorkflowEditor = lazy(() => import("./pages/WorkflowEditor"));
const WorkflowRun = lazy(() => import("./pages/WorkflowRun"));
const Billing = lazy(() => import("./pages/Billing"));
const Account = lazy(() => import("./pages/Account"));
const Privacy = lazy(() => import("./pages/Privacy"));
const Developers = lazy(() => import("./pages/Developers"));
const LegalPrivacy = lazy(() => import("./pages/LegalPrivacy"));

/** A page for signed-in people: a signed-out visitor goes to /login and comes back. */
function Protected({ page: Page, ...props }: { page: preact.AnyComponent<any> } & Record<string, unknown>) {
  const { user } = useSession();
  const { url, route } = useLocation();
  useEffect(() => {
    if (user === null) route(`/login?next=${encodeURIComponent(url)}`, true);
  }, [user, url, route]);
  if (!user) return <p class="loading" role="status">Loading…</p>;
  return <Page {...props} />;
}

const guard = (page: preact.AnyComponent<any>) => (props: Record<string, unknown>) => (
  <Protected page={page} {...props} />
);
const VerifyPage = guard(Verify);
const CreatePage = guard(Create);
const LibraryPage = guard(Library);
const LibraryItemPage = guard(LibraryItem);
const WorkflowsPage = guard(Workflows);
const WorkflowEditorPage = guard(WorkflowEditor);
const WorkflowRunPage = guard(WorkflowRun);
const BillingPage = guard(Billing);
const AccountPage = guard(Account);
const PrivacyPage = guard(Privacy);
const DevelopersPage = guard(Developers);

/** The page a path shows, without the ids it holds. */
function pageName(path: string): string {
  if (path.startsWith("/library/")) return "/library/:id";
  if (path.startsWith("/workflows/runs/")) return "/workflows/runs/:id";
  if (path.startsWith("/workflows/") && path !== "/workflows/new") return "/workflows/:id";
  return path;
}

function PageViews() {
  const { path } = useLocation();
  useEffect(() => {
    document.getElementById("main")?.focus({ preventScroll: true });
    track("page_view", pageName(path));
  }, [path]);
  return null;
}

function App() {
  return (
    <LocationProvider>
      <SessionProvider>
        <ConsentProvider>
          <PageViews />
          <Layout>
            <Router>
              <Route path="/" component={CreatePage} />
              <Route path="/signup" component={Signup} />
              <Route path="/verify" component={VerifyPage} />
              <Route path="/login" component={Login} />
              <Route path="/forgot" component={Forgot} />
              <Route path="/reset" component={Reset} />
              <Route path="/library" component={LibraryPage} />
              <Route path="/library/:id" component={LibraryItemPage} />
              <Route path="/workflows" component={WorkflowsPage} />
              <Route path="/workflows/runs/:id" component={WorkflowRunPage} />
              <Route path="/workflows/:id" component={WorkflowEditorPage} />
              <Route path="/billing" component={BillingPage} />
              <Route path="/account" component={AccountPage} />
              <Route path="/privacy" component={PrivacyPage} />
              <Route path="/developers" component={DevelopersPage} />
              <Route path="/legal/privacy" component={LegalPrivacy} />
              <Route default component={NotFound} />
            </Router>
          </Layout>
          <CookieBanner />
          <PolicyDialog />
        </ConsentProvider>
      </SessionProvider>
    </LocationProvider>
  );
}

render(<App />, document.getElementById("app")!);
