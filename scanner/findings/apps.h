/*
 * apps: which application of a repository a path belongs to, for reuse
 * groups.  An application is the folder of the nearest package manifest
 * at or above the path: package.json, go.mod, pyproject.toml, setup.py,
 * Cargo.toml, pom.xml, build.gradle(.kts), composer.json, Gemfile, or a
 * .csproj named after its folder; "" when only the root has one or none
 * does.  Manifests are looked up through the source (the folder, the tip
 * commit, the index) and each folder once.
 */
#ifndef KL_APPS_H
#define KL_APPS_H

#include "clientside.h"

struct kl_apps;

int kl_apps_new(struct kl_apps **out, kl_clientside_read_fn read, void *ud);
void kl_apps_free(struct kl_apps *a);

/* Set f->application (archive members: that of the archive). */
int kl_apps_classify(struct kl_apps *a, struct kl_finding *f);

#endif
