# Devices of the minimal qemu-system-x86_64 that the qemu test tier builds:
# the q35 machine, vfio-pci and its IGD quirks. Nothing else.
CONFIG_Q35=y
CONFIG_VFIO_PCI=y
CONFIG_VFIO_IGD=y
# pcie-root-port, so that the stand-in device can sit alone behind a port.
CONFIG_PCIE_PORT=y
# Q35 selects ACPI_CXL; without CXL itself (a "default y" that this
# minimal configuration does not apply) 10.2 fails to link hw/acpi/cxl.c.
# CXL needs PXB, and links only with the CXL memory device.
CONFIG_PXB=y
CONFIG_CXL=y
CONFIG_CXL_MEM_DEVICE=y
