/*
 * report_sarif: SARIF 2.1.0 for code-scanning services: one run, every rule
 * in force in tool.driver, one result per finding with a redacted snippet
 * and the fingerprint in partialFingerprints.
 */
#ifndef KL_REPORT_SARIF_H
#define KL_REPORT_SARIF_H

#include "buf.h"
#include "report.h"

int kl_report_sarif_render(const struct kl_report *rep, struct kl_buf *out);

#endif
