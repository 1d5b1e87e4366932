package io.acme.billing.config;

import com.stripe.Stripe;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;

@Configuration
public class PaymentConfig {

    private static final String STRIPE_FALLBACK_KEY = "sk_live_{{rand:24:alnum}}";
    private static final String ADMIN_PASSWORD = "Kx{{rand:10:alnum}}!9";
    private static final String PASSWORD_FIELD = "password";

    @Value("${stripe.api.secret-key:}")
    private String stripeKey;

    private final String dbPassword = System.getenv("DB_PASSWORD");

    public void init() {
        Stripe.apiKey = stripeKey.isEmpty() ? STRIPE_FALLBACK_KEY : stripeKey;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://billing-db.internal:5432/billing?user=billing_svc&password=Falcon_{{rand:4:digits}}_{{rand:4:alnum}}";
    }
}
