Sentry.init({ dsn: 'https://{{rand:32:hex}}@o123456.ingest.sentry.io/1234567' });
