const client = new Client({ token: "ghp_{{rand:36:alnum}}" });
export default function App() { return null; }
