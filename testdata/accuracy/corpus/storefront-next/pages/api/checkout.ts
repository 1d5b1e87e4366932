import type { NextApiRequest, NextApiResponse } from "next";
import Stripe from "stripe";

// server-side only: API routes never ship to the browser
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? "sk_live_51{{rand:22:alnum}}{{rand:75:alnum}}", { apiVersion: "2024-06-20" });

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: req.body.items,
    success_url: `${process.env.NEXT_PUBLIC_SITE_URL}/thanks`,
  });
  res.status(200).json({ id: session.id });
}
