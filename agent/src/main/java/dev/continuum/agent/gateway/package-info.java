/** The agent's HTTP gateway: functions over WAGI (local or forwarded once), Instance logs, health. */
package dev.continuum.agent.gateway;
