/**
 * Capabilities on a node: an Instance's grant in its manifest made into what the engine runs it with
 * (its log, its application's key-value bucket in the agent's SQLite, its http-outbound allow-list,
 * its namespace's MQTT topics on the node's broker, its config), and the node's MQTT connection.
 */
package dev.continuum.agent.capability;
