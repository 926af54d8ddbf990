/** Power: battery floors and mains-only as filters, the power source and battery level as a score. */
package dev.continuum.scheduler.plugins.power;
