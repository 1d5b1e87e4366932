import Analytics from "../components/Analytics";
import Newsletter from "../components/Newsletter";

export default function Home() {
  const key = process.env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY;
  return (
    <main>
      <h1>Acme</h1>
      <Newsletter />
      <Analytics />
      <p hidden>{key ? "payments on" : "payments off"}</p>
    </main>
  );
}
