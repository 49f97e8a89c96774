/**
 * Replication between brokers: a broker's replicas follow the leadership it learns from the cluster metadata; a
 * follower fetches from its leader with the Fetch API and truncates a divergent suffix by leader epoch; a leader
 * tracks its followers, keeps the ISR and the high watermark, and answers acks=all produces once they are committed.
 */
package io.ferry.broker.replica;
