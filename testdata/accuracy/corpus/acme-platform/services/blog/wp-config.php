<?php
/**
 * The base configuration for WordPress
 *
 * @package WordPress
 */

// ** Database settings - You can get this info from your web host ** //
define( 'DB_NAME', 'acme_blog' );
define( 'DB_USER', 'wp_acme' );
define( 'DB_PASSWORD', 'Ravens{{rand:4:digits}}*{{rand:4:alnum}}' );
define( 'DB_HOST', 'blog-db.internal:3306' );
define( 'DB_CHARSET', 'utf8mb4' );

/**#@+
 * Authentication unique keys and salts.
 * Change these to different unique phrases! You can generate these using
 * the {@link https://api.wordpress.org/secret-key/1.1/salt/ WordPress.org secret-key service}.
 */
define( 'AUTH_KEY',         '{{rand:64:A-Za-z0-9!@#%^&*()_+=[]<>~,.;:/?|-}}' );
define( 'SECURE_AUTH_KEY',  '{{rand:64:A-Za-z0-9!@#%^&*()_+=[]<>~,.;:/?|-}}' );
define( 'LOGGED_IN_KEY',    '{{rand:64:A-Za-z0-9!@#%^&*()_+=[]<>~,.;:/?|-}}' );
define( 'NONCE_KEY',        '{{rand:64:A-Za-z0-9!@#%^&*()_+=[]<>~,.;:/?|-}}' );
define( 'AUTH_SALT',        '{{rand:64:A-Za-z0-9!@#%^&*()_+=[]<>~,.;:/?|-}}' );
define( 'SECURE_AUTH_SALT', '{{rand:64:A-Za-z0-9!@#%^&*()_+=[]<>~,.;:/?|-}}' );
define( 'LOGGED_IN_SALT',   '{{rand:64:A-Za-z0-9!@#%^&*()_+=[]<>~,.;:/?|-}}' );
define( 'NONCE_SALT',       '{{rand:64:A-Za-z0-9!@#%^&*()_+=[]<>~,.;:/?|-}}' );
/**#@-*/

define( 'WP_MAIL_SMTP_PASS', 'Galaxy{{rand:3:digits}}^{{rand:5:alnum}}' );
define( 'AS3CF_SETTINGS', serialize( array(
    'provider' => 'aws',
    'access-key-id' => 'AKIA{{rand:16:A-Z2-7}}',
    'secret-access-key' => '{{rand:40:base64}}',
) ) );

$table_prefix = 'wp_';
define( 'WP_DEBUG', false );

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
