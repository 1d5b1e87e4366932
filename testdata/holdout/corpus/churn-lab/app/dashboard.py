import hmac

import pandas as pd
import streamlit as st

st.set_page_config(page_title="Churn dashboard", layout="wide")


def check_password() -> bool:
    if st.session_state.get("password_ok"):
        return True
    pw = st.text_input("Password", type="password")
    if pw and hmac.compare_digest(pw, st.secrets["app_password"]):
        st.session_state["password_ok"] = True
        st.rerun()
    elif pw:
        st.error("wrong password")
    return False


if check_password():
    conn = st.connection("snowflake")
    scores = conn.query("SELECT * FROM ANALYTICS.CHURN.SCORES_LATEST", ttl=3600)
    st.metric("At-risk customers", int((scores.score > 0.7).sum()))
    st.dataframe(scores.sort_values("score", ascending=False).head(200))
