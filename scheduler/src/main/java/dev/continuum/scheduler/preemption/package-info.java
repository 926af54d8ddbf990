/** Preemption: when nothing fits, find the node where evicting lower-priority instances disrupts least. */
package dev.continuum.scheduler.preemption;
