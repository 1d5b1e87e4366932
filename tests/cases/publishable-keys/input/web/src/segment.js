analytics.load('{{rand:32:alnum}}');
const writeKey = '{{rand:32:alnum}}';
