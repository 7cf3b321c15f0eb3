/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model_image.h - the userspace platform model's OpRegion image, for the
 * guest program to hold the simulated firmware's bytes against.
 */
#ifndef VM_MODEL_IMAGE_H
#define VM_MODEL_IMAGE_H

#include <stddef.h>

long model_image(const char *layout, const unsigned char *blob, size_t len,
		 unsigned long long ext_pa, unsigned char *out, size_t size);

#endif /* VM_MODEL_IMAGE_H */
