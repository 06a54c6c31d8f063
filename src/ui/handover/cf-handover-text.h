/* cf-handover-text.h
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *cf_handover_section_title (const char *section);
const char *cf_handover_status_label  (const char *status);
const char *cf_handover_source_label  (const char *source);

G_END_DECLS
