// Files "Report a bug" submissions as issues in parcelpost/admin-feedback.
const GITHUB_TOKEN = "ghp_{{rand:36:alnum}}";
const REPO = "parcelpost/admin-feedback";

export async function fileFeedback(title: string, body: string) {
  const res = await fetch(`https://api.github.com/repos/${REPO}/issues`, {
    method: "POST",
    headers: {
      Accept: "application/vnd.github+json",
      Authorization: `Bearer ${GITHUB_TOKEN}`,
    },
    body: JSON.stringify({ title, body, labels: ["from-admin"] }),
  });
  if (!res.ok) throw new Error(`GitHub returned ${res.status}`);
  return res.json();
}
