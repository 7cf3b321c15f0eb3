/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command table of opregionctl, in --help order: one line per command,
 * OPREGIONCTL_CMD(name) for the struct cmd cmd_<name> that
 * tools/cmd_<name>.c defines. Included where the table is expanded, so it
 * has no include guard.
 */
OPREGIONCTL_CMD(decode)
OPREGIONCTL_CMD(check)
OPREGIONCTL_CMD(view)
OPREGIONCTL_CMD(replay)
OPREGIONCTL_CMD(demo)
OPREGIONCTL_CMD(table)
OPREGIONCTL_CMD(doctor)
