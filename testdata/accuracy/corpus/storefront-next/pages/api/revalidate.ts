import type { NextApiRequest, NextApiResponse } from "next";

const REVALIDATE_TOKEN = "{{rand:40:hex}}";

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.query.secret !== REVALIDATE_TOKEN && req.query.secret !== process.env.REVALIDATE_SECRET) {
    return res.status(401).json({ message: "Invalid token" });
  }
  await res.revalidate(String(req.query.path ?? "/"));
  return res.json({ revalidated: true });
}
