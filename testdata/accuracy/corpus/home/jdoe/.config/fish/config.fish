if status is-interactive
    set -gx EDITOR nvim
    set -gx GITHUB_TOKEN gho_{{rand:36:alnum}}
    set -gx SENTRY_AUTH_TOKEN sntryu_{{rand:64:hex}}
    set -gx LANGSMITH_API_KEY lsv2_pt_{{rand:32:hex}}_{{rand:10:hex}}
    set -gx PPLX_API_KEY pplx-{{rand:48:alnum}}
    set -gx AIRTABLE_TOKEN (security find-generic-password -s airtable -w)
end
