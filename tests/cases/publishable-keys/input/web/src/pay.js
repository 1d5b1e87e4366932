const stripe = Stripe('pk_live_{{rand:24:alnum}}');
