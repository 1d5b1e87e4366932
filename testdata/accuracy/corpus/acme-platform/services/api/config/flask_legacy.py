# Legacy Flask admin still mounted under /legacy-admin
from flask import Flask

app = Flask(__name__)
app.secret_key = "{{rand:64:hex}}"
app.config["SQLALCHEMY_DATABASE_URI"] = "mysql+pymysql://legacy:{{rand:18:alnum}}@10.20.4.17:3306/legacy_admin"
app.config["SESSION_COOKIE_NAME"] = "legacy_session"
app.config["SECRET_KEY_FALLBACKS"] = []
app.config["MAIL_PASSWORD"] = None
app.config["WTF_CSRF_SECRET_KEY"] = "{{rand:32:alnum}}"
