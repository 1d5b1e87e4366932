import algoliasearch from 'algoliasearch';
const client = algoliasearch('{{rand:10:A-Z0-9}}', '{{rand:32:hex}}');
export const docsearch = { appId: 'X1Y2Z3', searchApiKey: '{{rand:32:hex}}' };
