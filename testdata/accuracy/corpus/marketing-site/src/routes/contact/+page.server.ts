import { Resend } from "resend";
import { RESEND_API_KEY } from "$env/static/private";

const resend = new Resend(RESEND_API_KEY || "re_{{rand:8:alnum}}_{{rand:24:alnum}}");

export const actions = {
  default: async ({ request }) => {
    const data = await request.formData();
    await resend.emails.send({ from: "web@acme-corp.io", to: "sales@acme-corp.io", subject: "Contact", text: String(data.get("message")) });
    return { ok: true };
  },
};
