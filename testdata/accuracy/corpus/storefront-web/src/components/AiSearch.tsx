import Groq from "groq-sdk";
import algoliasearch from "algoliasearch/lite";

const groq = new Groq({ apiKey: "gsk_{{rand:52:alnum}}", dangerouslyAllowBrowser: true });
// search-only key, safe to expose
const searchClient = algoliasearch("{{rand:10:upper}}", "{{rand:32:hex}}");
const PINECONE_KEY = "pcsk_{{rand:5:alnum}}_{{rand:63:alnum}}";

export async function semanticSearch(q: string) {
  const emb = await fetch("https://api.pinecone.io/indexes", { headers: { "Api-Key": PINECONE_KEY } });
  const rerank = await groq.chat.completions.create({ model: "llama3-8b-8192", messages: [{ role: "user", content: q }] });
  return { emb: await emb.json(), rerank, index: searchClient.initIndex("products") };
}
