import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api, idempotencyKey, ok, type Schemas } from "../api/client";
import { Notice, ProblemAlert } from "../components/ProblemAlert";
import { track } from "../consent";
import { formatDate, formatMoney } from "../format";
import { useSession } from "../session";

type Summary = Schemas["BillingSummary"];
type Product = Schemas["Product"];
type Entry = Schemas["LedgerEntry"];
type Invoice = Schemas["Invoice"];

export default function Billing() {
  const { query } = useLocation();
  const { refresh } = useSession();
  const [summary, setSummary] = useState<Summary | null>(null);
  const [products, setProducts] = useState<Product[]>([]);
  const [ledger, setLedger] = useState<Entry[]>([]);
  const [invoices, setInvoices] = useState<Invoice[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const load = () =>
      Promise.all([
        ok(api.GET("/v1/billing")).then(setSummary),
        ok(api.GET("/v1/billing/products")).then((p) => setProducts(p.data)),
        ok(api.GET("/v1/billing/ledger", { params: { query: { limit: 50 } } })).then((p) => setLedger(p.data)),
        ok(api.GET("/v1/billing/invoices", { params: { query: { limit: 50 } } })).then((p) => setInvoices(p.data)),
      ]).catch(setError);
    void load();
    if (query.checkout === "success") {
      // The payment's webhook may land a moment after the return: look again shortly.
      const timer = setTimeout(() => void load().then(refresh), 1500);
      return () => clearTimeout(timer);
    }
  }, [query.checkout]);

  const buy = async (product: Product) => {
    setBusy(true);
    setError(null);
    try {
      const session = await ok(
        api.POST("/v1/billing/checkout", {
          body: { product_id: product.id as Schemas["CheckoutRequest"]["product_id"] },
          params: { header: { "Idempotency-Key": idempotencyKey() } },
        }),
      );
      track("feature_interaction", "checkout", { product: product.id });
      location.assign(session.checkout_url);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const portal = async () => {
    setError(null);
    try {
      location.assign((await ok(api.POST("/v1/billing/portal"))).url);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section class="page stack">
      <h1>Billing</h1>
      {query.checkout === "success" && <Notice>Thank you: your payment went through and your credits are on their way.</Notice>}
      {query.portal === "local" && <Notice>The local stack has no Stripe customer portal: deployed, this button opens it.</Notice>}
      {query.checkout === "canceled" && <Notice>The checkout was canceled; nothing was charged.</Notice>}
      <ProblemAlert error={error} />
      <div class="grid-2">
        <div class="card">
          <h2>Credits</h2>
          <p class="big-number">{summary ? summary.credits.available : "…"}</p>
          <p class="muted">
            {summary ? `${summary.credits.available} credits available` : ""}
            {summary && summary.credits.held > 0 ? `, ${summary.credits.held} held for running generations` : ""}
          </p>
        </div>
        <div class="card">
          <h2>Plan</h2>
          <p>
            <strong>{summary?.plan ?? "…"}</strong>
            {summary?.subscription ? ` · ${summary.subscription.status}` : ""}
          </p>
          <button onClick={portal}>Manage subscription</button>
        </div>
      </div>
      <div class="card">
        <h2>Buy credits or a plan</h2>
        <div class="products">
          {products.filter((p) => p.price.amount > 0).map((p) => (
            <div class="card product" key={p.id}>
              <strong>{p.name}</strong>
              <span class="muted">
                {formatMoney(p.price.amount, p.price.currency)}
                {p.interval ? ` / ${p.interval}` : ""} · {p.credits} credits
              </span>
              <button class="primary" disabled={busy} onClick={() => void buy(p)}>
                Buy {p.name}
              </button>
            </div>
          ))}
        </div>
      </div>
      <div class="card table-wrap">
        <table>
          <caption>Ledger</caption>
          <thead>
            <tr><th>Date</th><th>Type</th><th class="num">Credits</th><th class="num">Balance</th><th>Reference</th></tr>
          </thead>
          <tbody>
            {ledger.map((e) => (
              <tr key={e.id}>
                <td>{formatDate(e.created_at)}</td>
                <td>{e.type}</td>
                <td class="num">{e.credits > 0 ? `+${e.credits}` : e.credits}</td>
                <td class="num">{e.balance_after}</td>
                <td>{e.reference}</td>
              </tr>
            ))}
            {ledger.length === 0 && <tr><td colSpan={5} class="muted">No entries yet.</td></tr>}
          </tbody>
        </table>
      </div>
      <div class="card table-wrap">
        <table>
          <caption>Invoices</caption>
          <thead>
            <tr><th>Date</th><th>Number</th><th>Status</th><th class="num">Amount</th><th>Invoice</th></tr>
          </thead>
          <tbody>
            {invoices.map((i) => (
              <tr key={i.id}>
                <td>{formatDate(i.created_at)}</td>
                <td>{i.number}</td>
                <td>{i.status}</td>
                <td class="num">{formatMoney(i.amount, i.currency ?? "usd")}</td>
                <td>{i.hosted_url ? <a href={i.hosted_url}>View invoice {i.number}</a> : "—"}</td>
              </tr>
            ))}
            {invoices.length === 0 && <tr><td colSpan={5} class="muted">No invoices yet.</td></tr>}
          </tbody>
        </table>
      </div>
    </section>
  );
}
