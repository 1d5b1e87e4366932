import { Elements } from "@stripe/react-stripe-js";
import { stripePromise } from "../lib/stripe";

const ERP_BASIC_AUTH = "Basic {{b64:storefront:Erp-Sync-Pa55-4471!}}";

export default function Checkout() {
  async function reserveStock(sku: string) {
    await fetch(`https://erp.acme-corp.io/api/stock/${sku}/reserve`, {
      method: "POST",
      headers: { Authorization: ERP_BASIC_AUTH },
    });
  }
  return (
    <Elements stripe={stripePromise}>
      <button onClick={() => reserveStock("SKU-1")}>Pay</button>
    </Elements>
  );
}
